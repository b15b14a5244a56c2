import { BusinessProfileEditor } from "@/components/admin/business-profile-editor";
import { EmbedSettingsEditor } from "@/components/admin/embed-settings-editor";
import { KnowledgeEditor, type KnowledgeDocumentView } from "@/components/admin/knowledge-editor";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { providerStatus } from "@/server/admin/provider-status";
import { knowledgeTitle, listKnowledgeFiles } from "@/server/admin/knowledge-files";
import { requireAdminPage } from "@/server/admin/require-admin-page";
import { loadBusinessProfile } from "@/server/business-profile";
import { loadEmbedSettings } from "@/server/embed-settings";
import { env } from "@/server/env";
import { checkHealth } from "@/server/health";
import { listKnowledgeDocuments } from "@/server/storage/admin/list-knowledge-documents";
import { RecordingSettingsForm } from "@/components/admin/recording-settings-form";
import { effectiveRecordingSettings } from "@/server/channels/recording/settings";

export const dynamic = "force-dynamic";

const stateTone: Record<string, BadgeTone> = { ok: "green", down: "red", disabled: "neutral" };

function loadProfileSafely() {
  try {
    return { profile: loadBusinessProfile() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The files are what admins edit; the index tells how each one is searchable now. Null when the database is down. */
async function loadKnowledgeDocuments(): Promise<KnowledgeDocumentView[] | null> {
  const [files, indexed] = await Promise.all([listKnowledgeFiles(), listKnowledgeDocuments().catch(() => null)]);
  if (indexed === null) return null;
  const bySlug = new Map(indexed.map((doc) => [doc.slug, doc]));
  return files.map(({ slug, content }) => {
    const doc = bySlug.get(slug);
    return {
      slug,
      title: knowledgeTitle(content) ?? slug,
      content,
      chunks: doc?.chunks ?? null,
      updatedAt: doc?.updatedAt.toISOString() ?? null,
    };
  });
}

function loadEmbedSettingsSafely() {
  try {
    return { settings: loadEmbedSettings() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The snippet with every data attribute the loader reads, filled with this deployment's values. */
function embedSnippet(publicUrl: string, agentName: string, profileName: string | undefined): string {
  const origin = new URL(publicUrl).origin;
  const greeting = `Hi! Ask ${profileName ?? "us"} anything.`.replaceAll('"', "&quot;");
  return `<script src="${origin}/embed.js" data-agent="${agentName || "default"}" data-color="#d97706" data-position="bottom-right" data-greeting="${greeting}" data-lang="en" async></script>`;
}

export default async function SettingsPage() {
  const session = await requireAdminPage();
  const config = env();
  const [health, documents, recording] = await Promise.all([checkHealth(), loadKnowledgeDocuments(), effectiveRecordingSettings(config).catch(() => null)]);
  const { profile, error: profileError } = loadProfileSafely();
  const embed = loadEmbedSettingsSafely();

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
        <Card title="Call recordings" className="xl:col-span-2" actions={<span className="font-mono text-xs text-stone-400">{config.RECORDINGS_DIR}</span>}>
          {recording ? (
            <RecordingSettingsForm settings={{ ...recording, envEnabled: config.RECORDING_ENABLED }} csrfToken={session.csrfToken} />
          ) : (
            <p className="text-sm text-red-700">Database unreachable: recording settings cannot be read or saved now.</p>
          )}
        </Card>
        <Card title="Business profile" className="xl:col-span-2" actions={<span className="font-mono text-xs text-stone-400">config/business-profile.json</span>}>
          {profile ? (
            <BusinessProfileEditor profile={profile} csrfToken={session.csrfToken} />
          ) : (
            <p className="text-sm text-red-700">
              Could not load the business profile: {profileError}. Fix config/business-profile.json by hand, then reload.
            </p>
          )}
        </Card>
        <Card title="Website widget" className="xl:col-span-2" actions={<span className="font-mono text-xs text-stone-400">config/embed-settings.json</span>}>
          {embed.settings ? (
            <EmbedSettingsEditor
              snippet={embedSnippet(config.PUBLIC_URL, config.AGENT_NAME, profile?.name)}
              settings={{ allowedOrigins: embed.settings.allowedOrigins, envAllowedOrigins: config.EMBED_ALLOWED_ORIGINS }}
              csrfToken={session.csrfToken}
            />
          ) : (
            <p className="text-sm text-red-700">Could not load the widget settings: {embed.error}. Fix config/embed-settings.json by hand, then reload.</p>
          )}
        </Card>
        <Card
          title="Knowledge base"
          className="xl:col-span-2"
          actions={<span className="text-xs text-stone-500">knowledge/*.md · re-indexed on save</span>}
        >
          {documents === null ? (
            <p className="text-sm text-red-700">Database unreachable: documents cannot be saved or re-indexed now.</p>
          ) : (
            <KnowledgeEditor documents={documents} csrfToken={session.csrfToken} />
          )}
        </Card>
      </div>
    </>
  );
}
