export { adoptServerBaseUrl, openEngines, EnginesUnavailableError } from './open-engines';
export type { Engines, EngineNotice, OpenEnginesOptions } from './open-engines';
export { LOCK_FILE } from './data-dir-lock';
export type { OwnerRecord, OwnerRole } from './data-dir-lock';
