/** One round side by side (placeholder until the page lands). */
export function ComparePage(_props: { slug: string; search: string }) {
  return <p>Compare</p>;
}
