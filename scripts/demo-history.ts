// tsx scripts/demo-history.ts [--check]: rewrites the counts (n_1 … n_5, cant_say) of the demo history
// files in packages/db/src/demo/history from the demo's model (packages/db/src/demo/history-model.ts),
// keeping everything else of each file as the earlier tool wrote it. With --check it changes nothing
// and exits 1 when a file differs from the model.
import { syncDemoHistoryFiles } from '../packages/db/src/demo/history-model.ts';

const check = process.argv.includes('--check');
const differing = await syncDemoHistoryFiles({ write: !check });
console.log(
  differing.length === 0
    ? 'the demo history files match the model'
    : `${check ? 'differ from the model' : 'rewritten'}: ${differing.join(', ')}`,
);
if (check && differing.length > 0) process.exit(1);
