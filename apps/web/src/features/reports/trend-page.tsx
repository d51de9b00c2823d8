/** Trends of a family across its rounds (placeholder until the page lands). */
export function TrendPage(_props: { family: string; search: string }) {
  return <p>Trends</p>;
}
