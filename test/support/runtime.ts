import { Runtime } from 'aws-cdk-lib/aws-lambda';

/**
 * The Lambda runtime the library's functions get on the installed aws-cdk-lib: the newest `nodejs<N>.x` it knows (from
 * Node.js 22). Tests compare with it, so that they pass on every aws-cdk-lib of the peer range.
 */
export function newestNodeRuntimeName(): string {
  const majors = Runtime.ALL.map((r) => /^nodejs(\d+)\.x$/.exec(r.name)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
  return `nodejs${Math.max(...majors)}.x`;
}
