// Copies every file under src/ that tsc does not compile (the migrations' SQL and their journal, and
// whatever else is read at run time beside the code) to the same place under dist/.
import { cpSync } from 'node:fs';
import { extname } from 'node:path';

cpSync('src', 'dist', {
  recursive: true,
  filter: (source) => extname(source) !== '.ts',
});
