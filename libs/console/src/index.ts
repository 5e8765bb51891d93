export { ConsoleModule } from './console.module';
/** Paths served outside the API prefix (/api/v1). */
export const CONSOLE_ROUTES = ['/', 'console', 'console/{*path}'];
