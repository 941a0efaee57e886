export { COLLECTIONS, type CollectionName } from "./collections";
export { connectDatabase, type Database, type DbCapabilities, detectCapabilities, pingDatabase } from "./database";
