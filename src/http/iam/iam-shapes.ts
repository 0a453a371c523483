// IAM's output structures (User, Group, Policy, AccessKeyMetadata, Tag) from the domain's records,
// member order as in the IAM service model.
import { groupArn, policyArn, userArn } from '../../identity/iam-arns.js';
import type { IamTag } from '../../identity/iam-names.js';
import type { UserRecord } from '../../identity/identity-store.js';
import type { GroupRecord, ManagedPolicyRecord } from '../../identity/permissions-store.js';
import { missingParameter } from './query-protocol/query-error.js';
import type { QueryParams } from './query-protocol/query-params.js';
import type { XmlObject, XmlValue } from './query-protocol/xml-response.js';

/** `Tags.member.N.Key/Value`; a member without Key or Value is refused as Coral refuses a null. */
export function readTags(params: QueryParams): IamTag[] | undefined {
  return params.structureList('Tags', ['Key', 'Value'])?.map((tag, index) => {
    if (tag.Key === undefined) throw missingParameter(`tags.${index + 1}.member.key`);
    if (tag.Value === undefined) throw missingParameter(`tags.${index + 1}.member.value`);
    return { key: tag.Key, value: tag.Value };
  });
}

/** Tags as IAM lists them; absent when there are none, as IAM leaves them out. */
export function tagsShape(tags: readonly IamTag[]): XmlValue {
  return tags.length > 0 ? tags.map((tag) => ({ Key: tag.key, Value: tag.value })) : undefined;
}

/** A User; Tags only where IAM returns them (CreateUser, GetUser), not in ListUsers. */
export function userShape(user: UserRecord, options: { withTags: boolean }): XmlObject {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: userArn(user.accountId, user.path, user.userName),
    CreateDate: new Date(user.createdAt),
    Tags: options.withTags ? tagsShape(user.tags) : undefined,
  };
}

export function groupShape(group: GroupRecord): XmlObject {
  return {
    Path: group.path,
    GroupName: group.groupName,
    GroupId: group.groupId,
    Arn: groupArn(group.accountId, group.path, group.groupName),
    CreateDate: new Date(group.createdAt),
  };
}

export function policyShape(policy: ManagedPolicyRecord, attachmentCount: number): XmlObject {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policyArn(policy.accountId, policy.path, policy.policyName),
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: new Date(policy.createdAt),
    UpdateDate: new Date(policy.updatedAt),
    Tags: tagsShape(policy.tags),
  };
}

/**
 * A policy document as IAM returns it: URL-encoded (RFC 3986), which the AWS CLI and SDKs decode
 * (botocore's `json_decode_policies` handler).
 */
export function encodedDocument(document: string): string {
  return encodeURIComponent(document);
}
