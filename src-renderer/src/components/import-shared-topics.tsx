import type { ImportReport } from '../../../src-shared';
import { sharedTopicLines } from '../lib/import-report';

/** The import's warning about devices on one meter topic, shown above the preview's rows. Nothing is refused. */
export function ImportSharedTopics({ report }: { report: ImportReport }) {
  const lines = sharedTopicLines(report);
  if (lines.length === 0) return null;
  return (
    <section className="import-warning" aria-labelledby="import-shared-topics">
      <h3 id="import-shared-topics">Same meter topic</h3>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="muted">Allowed, but check that these machines are meant to share one meter.</p>
    </section>
  );
}
