import { db } from "../db";

/** Removes a recording's row (its files are deleted first by the retention sweep). */
export async function deleteRecording(options: { id: string }): Promise<void> {
  await db().recording.deleteMany({ where: { id: options.id } });
}
