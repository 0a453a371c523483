// ECR Public ARNs have no region: arn:aws:ecr-public::<account>:repository/<name> and
// arn:aws:ecr-public::<account>:registry/<account> (the public registry is global, served from us-east-1).
export function publicRepositoryArn(accountId: string, name: string): string {
  return `arn:aws:ecr-public::${accountId}:repository/${name}`;
}

export function publicRegistryArn(accountId: string): string {
  return `arn:aws:ecr-public::${accountId}:registry/${accountId}`;
}

/** The parts of a public repository ARN, or undefined when the text is not one. */
export function parsePublicRepositoryArn(arn: string): { accountId: string; name: string } | undefined {
  const match = /^arn:aws:ecr-public::(\d{12}):repository\/(.+)$/.exec(arn);
  return match ? { accountId: match[1]!, name: match[2]! } : undefined;
}
