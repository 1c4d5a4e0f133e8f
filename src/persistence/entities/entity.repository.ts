import type { Entity } from '../../domain/entity.ts';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { EntityModel } from './entity.model.ts';

const FIELDS = { _id: 0, key: 0, updatedBy: 0, updatedAt: 0 } as const;

export async function storedEntities(): Promise<Entity[]> {
  return EntityModel.find({}, FIELDS).sort({ key: 1 }).lean<Entity[]>();
}

/**
 * Writes a whole entities file: each entity replaced by the file's version, in one bulk write (an
 * entity keeps no data of an earlier file). Returns the codes added and changed.
 */
export async function saveEntities(entities: Entity[], actor: string): Promise<{ added: string[]; changed: string[] }> {
  const before = new Map((await storedEntities()).map((e) => [e.code.toUpperCase(), e]));
  const now = new Date();
  await EntityModel.bulkWrite(
    entities.map((e) => ({
      replaceOne: {
        filter: { key: e.code.toUpperCase() },
        replacement: { ...e, key: e.code.toUpperCase(), updatedBy: actor, updatedAt: now },
        upsert: true,
      },
    })),
    { ordered: true },
  );
  await bumpDataVersion();
  const added = entities.filter((e) => !before.has(e.code.toUpperCase())).map((e) => e.code);
  const changed = entities
    .filter((e) => {
      const old = before.get(e.code.toUpperCase());
      return old && JSON.stringify(old) !== JSON.stringify(e);
    })
    .map((e) => e.code);
  return { added, changed };
}
