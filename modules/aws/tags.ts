/** What a service accepts as tags. */
export interface TagRules {
  readonly maxTags: number;
  readonly maxKeyLength: number;
  readonly maxValueLength: number;
  /** Characters keys and values may hold, with words for the message. @default - any */
  readonly characters?: { readonly pattern: RegExp; readonly words: string };
}

/** Keys with this prefix, in any case, are reserved for AWS: tagging APIs refuse them. */
export const RESERVED_TAG_PREFIX = 'aws:';
