/**
 * The tijdig role an identity provider's claim gives a user: each claim value (a group or role name)
 * through the configured map, or, with no map, taken as a role name itself. Of several, the one
 * that may do most; none, when no value maps (such a user is refused, not given a guessed role).
 */
export type OidcRole = 'admin' | 'finance' | 'procurement';
const STRENGTH: OidcRole[] = ['admin', 'finance', 'procurement'];

export function parseRoleMap(spec: string | undefined): Map<string, OidcRole> | null {
  if (!spec) return null;
  return new Map(
    spec.split(',').map((pair) => {
      const [group, role] = pair.split('=').map((x) => x.trim());
      return [group, role as OidcRole];
    }),
  );
}

export function roleFromClaim(claim: unknown, map: Map<string, OidcRole> | null): OidcRole | null {
  const values = (Array.isArray(claim) ? claim : claim === undefined || claim === null ? [] : [claim]).filter(
    (v): v is string => typeof v === 'string',
  );
  const roles = values.map((v) => (map ? map.get(v) : (STRENGTH as string[]).includes(v) ? (v as OidcRole) : undefined));
  return STRENGTH.find((r) => roles.includes(r)) ?? null;
}
