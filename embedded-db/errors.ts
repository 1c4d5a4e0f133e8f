/** MongoDB server error codes the embedded server emits (names as in mongo/base/error_codes.yml). */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  Unauthorized: 13,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  DollarPrefixedFieldName: 52,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  ViewDepthLimitExceeded: 182,
  NotImplemented: 238,
  /** "$collStats is only valid as the first stage in a pipeline". */
  Location40602: 40602,
  /** "$sort key ordering must be 1 (for ascending) or -1 (for descending)". */
  Location15975: 15975,
  /** "$out can only be the final stage in the pipeline". */
  Location40601: 40601,
  /** "$merge could not find a matching document" (whenNotMatched: fail). */
  Location13113: 13113,
  /** A $merge result without its join fields. */
  Location51132: 51132,
  /** No unique index backs the $merge join fields. */
  Location51183: 51183,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

export class MongoServerError extends Error {
  readonly code: number;
  readonly codeName: ErrorCodeName;
  /** Extra fields that MongoDB puts beside errmsg (keyPattern/keyValue for duplicate keys). */
  readonly extra: Record<string, unknown>;

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.codeName = codeName;
    this.code = ErrorCodes[codeName];
    this.extra = extra;
  }
}

export function fail(codeName: ErrorCodeName, message: string, extra?: Record<string, unknown>): never {
  throw new MongoServerError(codeName, message, extra);
}
