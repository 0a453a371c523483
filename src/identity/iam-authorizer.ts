// Who may call an IAM action on an IAM resource. The IAM surface asks before every operation that
// needs a permission (all but STS GetCallerIdentity), naming the action (`iam:CreateUser`) and the
// resource's ARN as AWS's service authorization reference does. An account's root may do anything
// in its own account; users need an identity policy that allows it. The composition root (app.ts)
// answers with the policy engine, through src/access/authorizer.ts.
import type { Principal } from './principal.js';

export interface IamAuthorizationRequest {
  principal: Principal;
  /** e.g. `iam:CreateUser` */
  action: string;
  /** The ARN acted on, always in the principal's own account. */
  resource: string;
}

export type IamAuthorizer = (request: IamAuthorizationRequest) => Promise<boolean>;
