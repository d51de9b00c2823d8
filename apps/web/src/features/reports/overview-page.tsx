/** The steering group's overview (placeholder until the page lands). */
export function OverviewPage() {
  return <p>Overview</p>;
}
