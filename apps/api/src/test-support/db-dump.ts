import type { Db } from "mongodb";

/** Every document of every collection as one JSON string (for "this never reaches the database" scans). */
export async function dumpDatabase(db: Db): Promise<string> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const parts: string[] = [];
  for (const { name } of collections) {
    const docs = await db.collection(name).find({}).toArray();
    parts.push(JSON.stringify({ name, docs }));
  }
  return parts.join("\n");
}
