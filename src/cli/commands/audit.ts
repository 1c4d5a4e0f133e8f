import { Command } from 'commander';
import { verifyAudit } from '../../services/audit.ts';
import { print, withContext } from './run-with-context.ts';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit trail: who changed what');
  audit
    .command('verify')
    .description('check that no record of the audit trail was changed, taken out or put in (exit code 0 only then)')
    .action(() =>
      withContext(async () => {
        const v = await verifyAudit();
        const span = v.records ? `records ${v.firstSeq}–${v.lastSeq}` : 'no records';
        if (v.problems.length === 0) {
          print(`audit trail whole: ${v.records} ${v.records === 1 ? 'record' : 'records'} (${span})`);
          return;
        }
        print(`audit trail NOT whole (${span}):`);
        for (const p of v.problems) print(`  ${p}`);
        process.exitCode = 1;
      }),
    );
  return audit;
}
