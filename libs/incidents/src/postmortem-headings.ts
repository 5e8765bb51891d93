import { IncidentSeverity, IncidentStatus, SEVERITY_MEANINGS } from './incident-status';

export const POSTMORTEM_LANGUAGES = ['en', 'zh'] as const;
export type PostmortemLanguage = (typeof POSTMORTEM_LANGUAGES)[number];

export interface PostmortemHeadings {
  title: string;
  summary: string;
  incident: string;
  titleField: string;
  startTime: string;
  duration: string;
  ongoing: string;
  severity: string;
  status: string;
  impact: string;
  /** Estimated share of users affected, e.g. 'est. 35% of users'. */
  usersAffected: (percent: string) => string;
  detected: string;
  commander: string;
  responders: string;
  timeline: string;
  time: string;
  author: string;
  event: string;
  rootCause: string;
  resolution: string;
  mitigatedAt: string;
  resolvedAt: string;
  followUps: string;
  owner: string;
  lessons: string;
  toBeWritten: string;
  none: string;
  hours: string;
  minutes: string;
  seconds: string;
  severityMeanings: Record<IncidentSeverity, string>;
  statuses: Record<IncidentStatus, string>;
}

/** Headings of the ops handbook's post-mortem template, by language. */
export const POSTMORTEM_HEADINGS: Record<PostmortemLanguage, PostmortemHeadings> = {
  en: {
    title: 'Post-mortem',
    summary: 'Summary',
    incident: 'Incident',
    titleField: 'Title',
    startTime: 'Start time',
    duration: 'Duration',
    ongoing: 'ongoing',
    severity: 'Severity',
    status: 'Status',
    impact: 'Impact',
    usersAffected: (percent) => `est. ${percent} of users`,
    detected: 'Problem detected',
    commander: 'Incident commander',
    responders: 'Responders',
    timeline: 'Timeline',
    time: 'Time',
    author: 'Author',
    event: 'Event',
    rootCause: 'Root cause',
    resolution: 'Resolution',
    mitigatedAt: 'Mitigated at',
    resolvedAt: 'Resolved at',
    followUps: 'Follow-up actions',
    owner: 'owner',
    lessons: 'Lessons learned',
    toBeWritten: '_To be written._',
    none: '_None._',
    hours: 'h',
    minutes: 'min',
    seconds: 's',
    severityMeanings: SEVERITY_MEANINGS,
    statuses: {
      investigating: 'investigating',
      identified: 'identified',
      monitoring: 'monitoring',
      resolved: 'resolved',
      closed: 'closed',
    },
  },
  zh: {
    title: '事后复盘',
    summary: '概要',
    incident: '事件编号',
    titleField: '标题',
    startTime: '开始时间',
    duration: '持续时间',
    ongoing: '进行中',
    severity: '严重级别',
    status: '状态',
    impact: '影响',
    usersAffected: (percent) => `估计 ${percent} 的用户`,
    detected: '发现问题',
    commander: '事件指挥官',
    responders: '响应人员',
    timeline: '时间线',
    time: '时间',
    author: '记录人',
    event: '事件',
    rootCause: '根本原因',
    resolution: '解决方案',
    mitigatedAt: '缓解时间',
    resolvedAt: '解决时间',
    followUps: '后续行动',
    owner: '负责人',
    lessons: '经验教训',
    toBeWritten: '_待填写。_',
    none: '_无。_',
    hours: '小时',
    minutes: '分钟',
    seconds: '秒',
    severityMeanings: {
      'SEV-1': '核心功能对所有用户不可用',
      'SEV-2': '重要功能受损，部分用户受影响',
      'SEV-3': '次要问题，影响有限',
      'SEV-4': '改进项，无用户影响',
    },
    statuses: {
      investigating: '调查中',
      identified: '已定位原因',
      monitoring: '监控中',
      resolved: '已解决',
      closed: '已关闭',
    },
  },
};
