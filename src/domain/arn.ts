// Amazon Resource Names of ECR repositories: arn:aws:ecr:<region>:<account>:repository/<name>.
export function repositoryArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ecr:${region}:${accountId}:repository/${name}`;
}

export interface ParsedRepositoryArn {
  region: string;
  accountId: string;
  name: string;
}

/** The parts of a repository ARN, or undefined when the text is not one. */
export function parseRepositoryArn(arn: string): ParsedRepositoryArn | undefined {
  const match = /^arn:aws:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/.exec(arn);
  return match ? { region: match[1], accountId: match[2], name: match[3] } : undefined;
}
