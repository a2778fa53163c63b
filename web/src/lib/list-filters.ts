// The filters of a list page live in its URL (`/issues?status=open&billing=paid`), so a filtered list
// can be bookmarked, shared and reloaded.

/** The query value when it is one of `allowed`; otherwise '' (no filter), whatever was typed in the URL. */
export const pickOption = <T extends string>(value: string | undefined, allowed: readonly T[]): T | '' =>
  allowed.find((option) => option === value) ?? '';

/** The list's path with its filters as query parameters, in the order given; empty ones are left out. */
export const filteredPath = (path: string, filters: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

/** A filter's choices: "any" (no filter) first, then each value in its words. */
export const filterOptions = <T extends string>(
  any: string,
  values: readonly T[],
  words: Record<T, string>,
): { value: string; label: string }[] => [
  { value: '', label: any },
  ...values.map((value) => ({ value, label: words[value] })),
];
