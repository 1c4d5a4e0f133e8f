/** Text to match as it is inside a MongoDB `$regex` (a search box's input). */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
