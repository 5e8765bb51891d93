/** The response checklist of the ops handbook; INCIDENT_CHECKLIST (`a | b | c`) replaces it. */
export const DEFAULT_INCIDENT_CHECKLIST: readonly string[] = [
  'Create the incident channel',
  'Assign an incident commander',
  'Update the status page',
  'Notify the teams concerned',
  'Start the timeline',
  'Diagnose the problem',
  'Apply a temporary fix or roll back',
  'Verify the fix',
  'Publish the incident report',
  'Schedule the post-mortem',
];
