import { VoiceWidget } from "@/components/widget/voice-widget";
import { loadBusinessProfile } from "@/server/business-profile";

export default function HomePage() {
  const profile = loadBusinessProfile();
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-10 px-6 py-12 md:flex-row">
      <section className="flex-1 space-y-4">
        <p className="text-sm font-semibold uppercase tracking-wide text-amber-700">Since 1998</p>
        <h1 className="text-4xl font-bold">{profile.name}</h1>
        <p className="text-lg text-stone-600">
          Fresh coffee, pastries and light lunches by the water. Questions about opening hours, orders or
          directions? Click the microphone and ask — our assistant answers right away.
        </p>
        <dl className="grid grid-cols-1 gap-3 text-sm text-stone-700 sm:grid-cols-2">
          <div className="rounded-lg bg-white p-4 shadow-sm">
            <dt className="font-semibold">Opening hours</dt>
            <dd>Mon–Fri 8:00–18:00 · Sat–Sun 9:00–16:00</dd>
          </div>
          <div className="rounded-lg bg-white p-4 shadow-sm">
            <dt className="font-semibold">Find us</dt>
            <dd>12 Harbor Street, Portsmouth</dd>
          </div>
        </dl>
      </section>
      <aside className="w-full md:w-96">
        <VoiceWidget title={profile.name} />
      </aside>
    </main>
  );
}
