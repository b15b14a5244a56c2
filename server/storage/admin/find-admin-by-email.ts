import { db } from "../db";

export async function findAdminByEmail(options: {
  email: string;
}): Promise<{ id: string; email: string; passwordHash: string } | null> {
  return db().adminUser.findUnique({
    where: { email: options.email.trim().toLowerCase() },
    select: { id: true, email: true, passwordHash: true },
  });
}
