// How identity policy documents are checked when they are written (PutUserPolicy, PutGroupPolicy,
// CreatePolicy): a function of the document's text that throws when IAM would refuse it, with the
// reason as the error's message (what MalformedPolicyDocument carries). The composition root passes
// the policy engine's parser (src/policy/, `parsePolicyDocument(text, 'identity')`); the IAM services
// check IAM's size quotas themselves (LimitExceeded, not MalformedPolicyDocument).
export type PolicyValidator = (text: string) => void;
