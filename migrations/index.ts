/**
 * Every migration, in order. Listed explicitly (not globbed) so that the app, the CLI and the tests load
 * the same classes whether running from TypeScript sources or from dist/.
 * Never edit a migration after it has landed: add a new one.
 */
import { ApiKeys1764000000000 } from './1764000000000-api-keys';
import { JobState1764000200000 } from './1764000200000-job-state';
import { Activity1764000300000 } from './1764000300000-activity';
import { ActivityCoveringEventIndex1764000300001 } from './1764000300001-activity-covering-event-index';
import { OutboxMessages1764000400000 } from './1764000400000-outbox-messages';
import { FeedbackAndNps1764000400100 } from './1764000400100-feedback-and-nps';
import { Incidents1764000500000 } from './1764000500000-incidents';
import { Experiments1764000600000 } from './1764000600000-experiments';
import { Alerting1764000700000 } from './1764000700000-alerting';
import { AlertLabelsIndex1764000700100 } from './1764000700100-alert-labels-index';
import { Reports1764000900000 } from './1764000900000-reports';
import { ConsoleSessions1765000100000 } from './1765000100000-console-sessions';
import { AnalyticsEventsPartitioned1765000200000 } from './1765000200000-analytics-events-partitioned';
import { ExperimentAnalysisSettings1765000300000 } from './1765000300000-experiment-analysis-settings';

export const MIGRATIONS = [
  ApiKeys1764000000000,
  JobState1764000200000,
  Activity1764000300000,
  ActivityCoveringEventIndex1764000300001,
  OutboxMessages1764000400000,
  FeedbackAndNps1764000400100,
  Incidents1764000500000,
  Experiments1764000600000,
  Alerting1764000700000,
  AlertLabelsIndex1764000700100,
  Reports1764000900000,
  ConsoleSessions1765000100000,
  AnalyticsEventsPartitioned1765000200000,
  ExperimentAnalysisSettings1765000300000,
];
