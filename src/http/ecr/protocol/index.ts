// AWS JSON 1.1 for the ECR surfaces, driven by the botocore service model.
export {
  loadServiceModel,
  loadServiceModelFile,
  parseServiceModel,
  type ServiceModel,
  type ServiceModelName,
  type OperationModel,
  type Shape,
} from './service-model.js';
export { checkMethodAndContentType, parseJsonBody, resolveOperation } from './request-envelope.js';
export { validateInput, InputValidationError, type ValidateInputOptions } from './validate-input.js';
export { shapeOutput } from './shape-output.js';
export {
  AwsJsonError,
  awsJsonError,
  httpStatusFor,
  serializeAwsJsonError,
  serializeAwsJsonResponse,
  AWS_JSON_CONTENT_TYPE,
  type AwsJsonErrorLike,
  type AwsJsonHttpResponse,
} from './aws-json-error.js';
export { describeConstraint, formatValidationMessage, type ConstraintViolation, type MessageStyle } from './constraint-messages.js';
