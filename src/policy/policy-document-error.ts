// Why a policy document was refused, in AWS's own words. IAM answers `MalformedPolicyDocument` with
// one of these texts as the message (or `LimitExceeded` for an oversized document); ECR wraps
// them in its `InvalidParameterException` (see ecr-policies.ts). The texts are the ones IAM
// returns, as reported verbatim in public issues and reproduced by moto's IAM validator; where AWS
// is terse ("Syntax errors in policy.") the `detail` says exactly what and where.

export type PolicyDocumentErrorCode = 'malformed-policy' | 'policy-too-large';

export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  /** The reason as AWS words it; also the error's message. */
  readonly reason: string;
  readonly code: PolicyDocumentErrorCode;
  /** Where and what, for a human fixing the document: `Statement[1].Action: …`. */
  readonly detail?: string;

  constructor(reason: string, options: { detail?: string; code?: PolicyDocumentErrorCode } = {}) {
    super(reason);
    this.reason = reason;
    this.code = options.code ?? 'malformed-policy';
    this.detail = options.detail;
  }
}

/** Every reason the parser can give, worded as IAM words it. */
export const policyReasons = {
  syntax: 'Syntax errors in policy.',
  legacyParsing: 'The policy failed legacy parsing',
  version: 'Policy document must be version 2012-10-17 or greater.',
  principalInIdentityPolicy: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidCharacters:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorWildcard: 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards',
  invalidVendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  resourcePartition: (partition: string, resource: string) =>
    `Partition "${partition}" is not valid for resource "${resource}".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
  tooLarge: (maxLength: number) => `Cannot exceed quota for PolicySize: ${maxLength}`,
} as const;

/** Shorthand for the parser: fail with a reason and the place it applies to. */
export function policyError(reason: string, detail?: string): PolicyDocumentError {
  return new PolicyDocumentError(reason, { detail });
}
