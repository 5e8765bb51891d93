/**
 * The ordered funnel as one SQL statement for 2..10 steps. Step names, dates and the window are bound
 * parameters ($1 steps array, $2 from, $3 to, $4 window in seconds); only the step count shapes the text.
 *
 * One scan and one GROUP BY user, no self-joins (a join per step made the planner pick nested loops on
 * misestimated CTEs): per user, t1 is the first step-1 event in [from, to); the step-n times are kept
 * as an array, and t(n) is the earliest of them at or after t(n-1) and within `window` of t1. A user
 * therefore counts for step n only if steps 1..n happened in that order; repeats count once.
 *
 * Returns one row: users1..usersN and median1..medianN (seconds from the previous step).
 */
export function funnelSql(stepCount: number): string {
  const steps = Array.from({ length: stepCount }, (_, i) => i + 1);
  const arrays = steps
    .slice(1)
    .map((n) => `array_agg(occurred_at) FILTER (WHERE event = ($1::text[])[${n}]) AS a${n}`);
  const laterals = steps.slice(1).map(
    (n) => `LEFT JOIN LATERAL (
      SELECT min(x) AS t${n} FROM unnest(u.a${n}) x
      WHERE x >= ${n === 2 ? 'u.t1' : `l${n - 1}.t${n - 1}`} AND x <= u.t1 + make_interval(secs => $4)
    ) l${n} ON true`,
  );
  const outputs = steps.map((n) =>
    n === 1
      ? `count(*)::int AS users1, NULL::float8 AS median1`
      : `count(t${n})::int AS users${n},
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t${n} - ${n === 2 ? 'u.t1' : `t${n - 1}`})) AS median${n}`,
  );
  return `
    WITH u AS (
      SELECT user_id,
        min(occurred_at) FILTER (WHERE event = ($1::text[])[1] AND occurred_at >= $2 AND occurred_at < $3) AS t1,
        ${arrays.join(',\n        ')}
      FROM analytics_events
      WHERE event = ANY($1::text[]) AND occurred_at >= $2 AND occurred_at < $3::timestamptz + make_interval(secs => $4)
      GROUP BY user_id
    )
    SELECT ${outputs.join(',\n      ')}
    FROM (SELECT * FROM u WHERE t1 IS NOT NULL) u
    ${laterals.join('\n    ')}`;
}
