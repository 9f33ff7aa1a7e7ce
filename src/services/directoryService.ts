import { z } from 'zod';
import type { DbAccess } from '../persistence/db.js';
import {
  addFavorite,
  favoriteEntries,
  favoriteKeys,
  insertContact,
  removeFavorite,
  searchDirectory,
  type DirectoryEntry,
} from '../persistence/directoryRepository.js';
import { parseInput } from './parseInput.js';

/** `DirectoryResult` / `Favorites` (xuc-websocket.md §4.7). */
export interface DirectoryResult {
  headers: string[];
  entries: Array<{ status: number; entry: string[]; contact_id: string; source: string; favorite: boolean }>;
}

/** `FavoriteUpdated`. */
export interface FavoriteUpdated {
  action: 'Added' | 'Removed' | 'AddFail' | 'RemoveFail';
  contact_id: string;
  source: string;
}

export interface DirectoryServiceDeps {
  db: DbAccess;
  /** The phone state code (§4.3) of a number; the engine knows it, the database does not. */
  phoneStatus: (number: string) => number;
  maxResults?: number;
}

export const directoryHeaders = ['Name', 'Number', 'Mobile', 'Favorite'];

const termSchema = z.string().trim().min(1).max(100);
const userIdSchema = z.number().int().positive();
const sourceSchema = z.enum(['internal', 'contacts']);
const contactIdSchema = z.string().regex(/^\d{1,10}$/, 'must be a contact id');
const contactSchema = z.object({
  firstName: z.string().max(200).optional(), lastName: z.string().max(200).optional(),
  number: z.string().max(40).optional(), mobileNumber: z.string().max(40).optional(),
  company: z.string().max(200).optional(), email: z.string().max(200).optional(),
}).strict().refine((c) => !!(c.firstName || c.lastName || c.company), 'a contact needs a name or a company');

/** Directory lookup over users and contacts, and each user's favourites. */
export class DirectoryService {
  constructor(private readonly deps: DirectoryServiceDeps) {}

  async directoryLookUp(userId: number, term: string): Promise<DirectoryResult> {
    const id = parseInput(userIdSchema, userId, 'userId');
    const t = parseInput(termSchema, term, 'term');
    const [entries, favorites] = await this.deps.db.run(async (db) =>
      [await searchDirectory(db, t, this.deps.maxResults ?? 50), await favoriteKeys(db, id)] as const);
    return this.result(entries, (e) => favorites.has(`${e.source}/${e.contactId}`));
  }

  async getFavorites(userId: number): Promise<DirectoryResult> {
    const id = parseInput(userIdSchema, userId, 'userId');
    return this.result(await this.deps.db.run((db) => favoriteEntries(db, id)), () => true);
  }

  /** Adds a favourite; an unknown contact or source answers `AddFail` rather than an error. */
  async addFavorite(userId: number, contactId: string, source: string): Promise<FavoriteUpdated> {
    const id = parseInput(userIdSchema, userId, 'userId');
    const src = sourceSchema.safeParse(source);
    const cid = contactIdSchema.safeParse(contactId);
    const fail: FavoriteUpdated = { action: 'AddFail', contact_id: String(contactId), source: String(source) };
    if (!src.success || !cid.success) return fail;
    const ok = await this.deps.db.run((db) => addFavorite(db, id, src.data, cid.data));
    return ok ? { ...fail, action: 'Added' } : fail;
  }

  async removeFavorite(userId: number, contactId: string, source: string): Promise<FavoriteUpdated> {
    const id = parseInput(userIdSchema, userId, 'userId');
    const ok = typeof contactId === 'string' && typeof source === 'string' &&
      (await this.deps.db.run((db) => removeFavorite(db, id, source, contactId)));
    return { action: ok ? 'Removed' : 'RemoveFail', contact_id: String(contactId), source: String(source) };
  }

  /** Adds a contact to the directory (REST / administration); returns its contact id. */
  async addContact(contact: unknown): Promise<string> {
    const c = parseInput(contactSchema, contact, 'contact');
    return String(await this.deps.db.run((db) => insertContact(db, c)));
  }

  private result(entries: readonly DirectoryEntry[], isFavorite: (e: DirectoryEntry) => boolean): DirectoryResult {
    return {
      headers: directoryHeaders,
      entries: entries.map((e) => {
        const favorite = isFavorite(e);
        return {
          status: this.deps.phoneStatus(e.number),
          entry: [`${e.firstName} ${e.lastName}`.trim(), e.number, e.mobile, String(favorite)],
          contact_id: e.contactId,
          source: e.source,
          favorite,
        };
      }),
    };
  }
}
