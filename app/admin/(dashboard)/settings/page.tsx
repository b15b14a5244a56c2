import { formatDateTime } from "@/components/admin/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { providerStatus } from "@/server/admin/provider-status";
import { requireAdminPage } from "@/server/admin/require-admin-page";
import { loadBusinessProfile } from "@/server/business-profile";
import { env } from "@/server/env";
import { checkHealth } from "@/server/health";
import { listKnowledgeDocuments } from "@/server/storage/admin/list-knowledge-documents";

export const dynamic = "force-dynamic";

const stateTone: Record<string, BadgeTone> = { ok: "green", down: "red", disabled: "neutral" };

function loadProfileSafely() {
  try {
    return { profile: loadBusinessProfile() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export default async function SettingsPage() {
  await requireAdminPage();
  const config = env();
  const [health, documents] = await Promise.all([checkHealth(), listKnowledgeDocuments().catch(() => null)]);
  const { profile, error: profileError } = loadProfileSafely();

  return (
    <>
      <PageHeader title="Settings" description="What the agent runs on, who it speaks for, and what it knows." />
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Providers">
          <table className="w-full text-sm" data-testid="providers">
            <tbody className="divide-y divide-stone-100">
              {providerStatus(config).map((p) => (
                <tr key={p.stage}>
                  <th className="py-2 pr-4 text-left font-medium text-stone-500">{p.stage}</th>
                  <td className="py-2 pr-4 font-medium text-stone-900">{p.provider}</td>
                  <td className="py-2 pr-4 text-stone-500">{p.detail}</td>
                  <td className="py-2 text-right">{p.configured ? <Badge tone="green">active</Badge> : <Badge tone="red">key missing</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Connectivity">
          <table className="w-full text-sm" data-testid="connectivity">
            <tbody className="divide-y divide-stone-100">
              {[
                ["SIP trunk", health.sip, `SIP port ${config.SIP_PORT}`],
                ["LiveKit", health.livekit, config.LIVEKIT_URL],
                ["Agent workers", health.worker, `${health.workers} live`],
                ["Database", health.db, "Postgres"],
              ].map(([name, state, detail]) => (
                <tr key={name}>
                  <th className="py-2 pr-4 text-left font-medium text-stone-500">{name}</th>
                  <td className="py-2 pr-4 text-stone-500">{detail}</td>
                  <td className="py-2 text-right" data-testid={`status-${String(name).toLowerCase().replace(/\W+/g, "-")}`}>
                    <Badge tone={stateTone[state ?? ""] ?? "neutral"}>{state}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Business profile" actions={<Badge>read-only</Badge>}>
          {profile ? (
            <dl className="space-y-2 text-sm">
              {[
                ["Name", profile.name],
                ["Greeting", profile.greeting],
                ["Hours", profile.hours.written],
                ["Address", profile.address.written],
                ["Phone", profile.phone ?? "—"],
                ["Intents", profile.intents.map((i) => i.name).join(", ")],
              ].map(([label, value]) => (
                <div key={label} className="grid grid-cols-4 gap-2">
                  <dt className="text-stone-500">{label}</dt>
                  <dd className="col-span-3 text-stone-900">{value}</dd>
                </div>
              ))}
              <p className="pt-2 text-xs text-stone-500">Edit config/business-profile.json; the agent re-reads it when it changes.</p>
            </dl>
          ) : (
            <p className="text-sm text-red-700">Could not load the business profile: {profileError}</p>
          )}
        </Card>
        <Card title="Knowledge base" actions={<Badge>read-only</Badge>}>
          {documents === null ? (
            <p className="text-sm text-red-700">Database unreachable.</p>
          ) : documents.length === 0 ? (
            <p className="text-sm text-stone-500">No documents indexed yet.</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-stone-500">
                <tr>
                  <th className="py-1 font-medium">Title</th>
                  <th className="py-1 text-right font-medium">Chunks</th>
                  <th className="py-1 text-right font-medium">Updated (UTC)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {documents.map((doc) => (
                  <tr key={doc.id}>
                    <td className="py-1.5">
                      {doc.title} <span className="font-mono text-xs text-stone-400">{doc.slug}</span>
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{doc.chunks}</td>
                    <td className="py-1.5 text-right tabular-nums text-stone-500">{formatDateTime(doc.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
