// The metadata schema as Kysely sees it: one schema, queried the same way on SQLite and PostgreSQL.
// Times are epoch milliseconds. Manifests live here (they are small, at most 4 MiB, and every pull
// starts with one), blobs' bytes live in the blob store. Flags are INTEGER 0/1 in both dialects (one
// spelling, one row mapping); BIGINTs come back as numbers on PostgreSQL too (postgres/open-postgres-database.ts).
import type { Generated } from 'kysely';

export interface AccountsTable {
  id: string;
  name: string;
  /** 1 for the one default account (a partial unique index keeps it one), else 0. */
  is_default: number;
  created_at: number;
}

export interface RepositoriesTable {
  id: Generated<number>;
  registry_id: string;
  name: string;
  created_at: number;
  image_tag_mutability: string;
  /** JSON list of {filterType, filter}. */
  tag_mutability_exclusions: string | null;
  scan_on_push: number;
  encryption_type: string;
  kms_key: string | null;
}

export interface RepositoryResourceTagsTable {
  repository_id: number;
  key: string;
  value: string;
}

export interface AccountSettingsTable {
  account_id: string;
  name: string;
  value: string;
}

/** One row per stored blob, whatever the number of repositories that see it. */
export interface BlobsTable {
  digest: string;
  size_bytes: number;
  created_at: number;
  /** 'deleting' while a garbage collector removes the bytes (migrations/007-garbage-collection.ts). */
  state: Generated<'live' | 'deleting'>;
  /** Changes whenever a collector marks the blob: what an upload's claim is checked against. */
  incarnation: string;
  /** The last claim or link, from which the grace period counts. */
  touched_at: number;
}

/** Which repository may see which blob (uploads, mounts and manifest pushes link blobs). */
export interface RepositoryBlobsTable {
  repository_id: number;
  digest: string;
  linked_at: number;
}

export interface ManifestsTable {
  repository_id: number;
  digest: string;
  media_type: string;
  size_bytes: number;
  content: Buffer;
  /** What the referrers API reports: the manifest's artifactType, else its config media type. */
  artifact_type: string | null;
  subject_digest: string | null;
  /** JSON object of the manifest's annotations, copied into referrer descriptors. */
  annotations: string | null;
  pushed_at: number;
  last_pulled_at: number | null;
  /** What ECR reports as imageSizeInBytes: the layers' total, or an index's largest child. */
  image_size_bytes: number;
  config_media_type: string | null;
}

/** Blobs and child manifests a manifest needs: what GC keeps, what deletes must respect. */
export interface ManifestReferencesTable {
  repository_id: number;
  manifest_digest: string;
  referenced_digest: string;
  kind: 'blob' | 'manifest';
}

export interface TagsTable {
  repository_id: number;
  name: string;
  manifest_digest: string;
  updated_at: number;
}

export interface UploadSessionsTable {
  id: string;
  repository_id: number;
  algorithm: string;
  started_at: number;
  updated_at: number;
  /** ECR layer parts (migration 008): the last part, and the first part under the minimum that another followed. */
  last_part_start_byte: number | null;
  last_part_size_bytes: number | null;
  undersized_part_start_byte: number | null;
  undersized_part_size_bytes: number | null;
}

export interface IamUsersTable {
  account_id: string;
  user_name: string;
  user_id: string;
  created_at: number;
  /** IAM path, `/` or `/…/` (migration 010). */
  path: Generated<string>;
  /** JSON list of {key, value}, or NULL. */
  tags: string | null;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** NULL for the account root's keys. */
  user_name: string | null;
  /** The secret access key sealed with the master key (identity/secret-box.ts). */
  secret_sealed: string;
  status: 'Active' | 'Inactive';
  created_at: number;
}

/** A unit of background work (src/jobs/job-queue.ts); completed jobs are deleted. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  status: 'pending' | 'running' | 'failed';
  /** Held by at most one pending or running job (a partial unique index). */
  dedupe_key: string | null;
  /** Claims so far, the current one included. */
  attempts: number;
  max_attempts: number;
  /** Pending: when it may run. Running: when its lease expires and another node may take it. */
  available_at: number;
  /** The worker holding the lease. */
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** One row per periodic task (src/jobs/scheduler.ts): which occurrence is due next. */
export interface SchedulesTable {
  name: string;
  next_run_at: number;
  last_run_at: number;
  last_node: string;
}

/** ECR Public (migration 009): an alias names one account's public registry. */
export interface PublicRegistryAliasesTable {
  name: string;
  account_id: string;
  status: 'ACTIVE' | 'PENDING' | 'REJECTED';
  is_primary: number;
  /** 1 for the alias the registry assigned (at most one per account). */
  is_default: number;
  created_at: number;
}

export interface PublicRegistryCatalogDataTable {
  account_id: string;
  display_name: string;
  updated_at: number;
}

/** What the gallery shows about a public repository. */
export interface PublicRepositoryCatalogDataTable {
  repository_id: number;
  description: string | null;
  about_text: string | null;
  usage_text: string | null;
  /** JSON lists of strings. */
  architectures: string;
  operating_systems: string;
  /** At most 512,000 bytes. */
  logo: Buffer | null;
  logo_media_type: string | null;
  updated_at: number;
}

/** The policy text as the caller sent it. */
export interface PublicRepositoryPoliciesTable {
  repository_id: number;
  policy_text: string;
  updated_at: number;
}

/** A repository's policy (migrations/011-resource-policies.ts), as its author wrote it. */
export interface RepositoryPoliciesTable {
  repository_id: number;
  policy_text: string;
  updated_at: number;
}

/** An account's registry policy, as its author wrote it. */
export interface RegistryPoliciesTable {
  account_id: string;
  policy_text: string;
  updated_at: number;
}

// IAM groups and policies (migration 010-iam-policies). Names keep their spelling; lookups fold case.
export interface IamGroupsTable {
  account_id: string;
  group_name: string;
  group_id: string;
  path: string;
  created_at: number;
}

export interface IamGroupMembersTable {
  account_id: string;
  group_name: string;
  user_name: string;
  added_at: number;
}

/** Inline policies of users (iam_user_policies, user_name) and of groups (iam_group_policies, group_name). */
export interface IamUserPoliciesTable {
  account_id: string;
  user_name: string;
  policy_name: string;
  document: string;
  /** Characters other than whitespace: what IAM's aggregate size quota counts. */
  size_chars: number;
  updated_at: number;
}

export interface IamGroupPoliciesTable extends Omit<IamUserPoliciesTable, 'user_name'> {
  group_name: string;
}

/** Customer managed policies; one version (the default, v1) whose document is kept here. */
export interface IamManagedPoliciesTable {
  account_id: string;
  policy_name: string;
  policy_id: string;
  path: string;
  description: string | null;
  document: string;
  default_version_id: string;
  /** JSON list of {key, value}, or NULL. */
  tags: string | null;
  created_at: number;
  updated_at: number;
}

export interface IamUserPolicyAttachmentsTable {
  account_id: string;
  user_name: string;
  policy_name: string;
  attached_at: number;
}

export interface IamGroupPolicyAttachmentsTable extends Omit<IamUserPolicyAttachmentsTable, 'user_name'> {
  group_name: string;
}

/** A repository's lifecycle policy (migration 006). */
export interface LifecyclePoliciesTable {
  repository_id: number;
  /** Exactly as PutLifecyclePolicy received it. */
  policy_text: string;
  updated_at: number;
  last_evaluated_at: number | null;
}

/** A repository's latest lifecycle policy preview. */
export interface LifecyclePreviewsTable {
  repository_id: number;
  /** Tells this preview from the next one started on the repository. */
  preview_id: string;
  status: 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';
  policy_text: string;
  /** The job computing it, while it is in progress. */
  job_id: number | null;
  started_at: number;
  completed_at: number | null;
  expiring_image_count: number | null;
  /** Bytes of blobs only the expiring images reference. */
  expiring_bytes: number | null;
  failure: string | null;
}

export interface LifecyclePreviewResultsTable {
  repository_id: number;
  /** The result's place in the preview's order (oldest push first). */
  position: number;
  image_digest: string;
  /** JSON list; `[]` for an untagged image. */
  image_tags: string;
  image_pushed_at: number;
  applied_rule_priority: number;
}

/** One image a lifecycle run expired. */
export interface LifecycleAuditTable {
  id: Generated<number>;
  registry_id: string;
  repository_name: string;
  image_digest: string;
  /** JSON list of the tags the image carried. */
  image_tags: string;
  image_pushed_at: number;
  applied_rule_priority: number;
  rule_description: string | null;
  expired_at: number;
  run_id: string;
  /** `schedule` or `cli`. */
  initiated_by: string;
}

export interface MetadataSchema {
  lifecycle_policies: LifecyclePoliciesTable;
  lifecycle_previews: LifecyclePreviewsTable;
  lifecycle_preview_results: LifecyclePreviewResultsTable;
  lifecycle_audit: LifecycleAuditTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  repository_resource_tags: RepositoryResourceTagsTable;
  account_settings: AccountSettingsTable;
  iam_users: IamUsersTable;
  access_keys: AccessKeysTable;
  accounts: AccountsTable;
  repositories: RepositoriesTable;
  blobs: BlobsTable;
  repository_blobs: RepositoryBlobsTable;
  manifests: ManifestsTable;
  manifest_references: ManifestReferencesTable;
  tags: TagsTable;
  upload_sessions: UploadSessionsTable;
  public_registry_aliases: PublicRegistryAliasesTable;
  public_registry_catalog_data: PublicRegistryCatalogDataTable;
  public_repository_catalog_data: PublicRepositoryCatalogDataTable;
  public_repository_policies: PublicRepositoryPoliciesTable;
  repository_policies: RepositoryPoliciesTable;
  registry_policies: RegistryPoliciesTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
  iam_user_policies: IamUserPoliciesTable;
  iam_group_policies: IamGroupPoliciesTable;
  iam_managed_policies: IamManagedPoliciesTable;
  iam_user_policy_attachments: IamUserPolicyAttachmentsTable;
  iam_group_policy_attachments: IamGroupPolicyAttachmentsTable;
}
