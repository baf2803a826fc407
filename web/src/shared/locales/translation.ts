/** The shape of a translation: every key of the English source, each a string in the other language. */
export type Translation<Source> = {
  readonly [Key in keyof Source]: Source[Key] extends string ? string : Translation<Source[Key]>;
};
