/**
 * CloudWatch Logs errors as the AWS JSON 1.1 protocol carries them: a status code, the header
 * `x-amzn-ErrorType: CODE` and the body `{"__type": CODE, "message": ...}`. AWS SDK v3 takes the
 * code from `__type` (then the header) as the exception's `name`, and `message` as its message.
 * One class per code; the doc comment of each quotes the service model's description.
 */
export abstract class LogsServiceError extends Error {
  abstract readonly code: string;
  readonly statusCode: number = 400;

  /** Extra members the error shape carries besides `message`. */
  protected members(): Record<string, string> {
    return {};
  }

  toResponse(): { statusCode: number; headers: Record<string, string>; body: string } {
    return {
      statusCode: this.statusCode,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': this.code },
      body: JSON.stringify({ __type: this.code, message: this.message, ...this.members() }),
    };
  }
}

/** "A parameter is specified incorrectly." Also CloudWatch Logs' answer to input that breaks the model's constraints. */
export class InvalidParameterException extends LogsServiceError {
  readonly code = 'InvalidParameterException';
}

/** "You don't have sufficient permissions to perform this action." */
export class AccessDeniedException extends LogsServiceError {
  readonly code = 'AccessDeniedException';
}

/** "The specified resource does not exist." */
export class ResourceNotFoundException extends LogsServiceError {
  readonly code = 'ResourceNotFoundException';
}

/** "A resource can have no more than 50 tags." */
export class TooManyTagsException extends LogsServiceError {
  readonly code = 'TooManyTagsException';

  constructor(
    message: string,
    private readonly resourceName: string,
  ) {
    super(message);
  }

  protected members(): Record<string, string> {
    return { resourceName: this.resourceName };
  }
}

/** "The service cannot complete the request." A fault (HTTP 500): here, the backend behind the gateway failed. */
export class ServiceUnavailableException extends LogsServiceError {
  readonly code = 'ServiceUnavailableException';
  readonly statusCode = 500;
}

/** The JSON protocol's answer to a body that is not JSON or has a member of the wrong type. */
export class SerializationException extends LogsServiceError {
  readonly code = 'SerializationException';
}

/** AWS's answer to a request without a SigV4 signature: the gateway needs its region and access key. */
export class MissingAuthenticationTokenException extends LogsServiceError {
  readonly code = 'MissingAuthenticationTokenException';
}
