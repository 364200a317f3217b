// Pieces every route declaration shares: the token schemes and a JSON response entry.

/** Either token header is accepted on every /admin route. */
export const adminSecurity: Record<string, string[]>[] = [{ ApiToken: [] }, { Bearer: [] }];

export const jsonResponse = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
