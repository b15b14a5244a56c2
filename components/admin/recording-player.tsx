"use client";

import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";

const BARS = 240;

/** Peaks folded to the number of bars drawn (the loudest of each group). */
function bars(peaks: number[]): number[] {
  if (peaks.length <= BARS) return peaks;
  const per = peaks.length / BARS;
  return Array.from({ length: BARS }, (_, i) => Math.max(...peaks.slice(Math.floor(i * per), Math.floor((i + 1) * per))));
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * The call recording: an <audio> element with a waveform drawn from the peaks
 * the worker measured while recording (no decoding in the browser). Clicking
 * the waveform seeks; so does clicking anything on the page that carries
 * `data-seek-ms` (the transcript's turns), which then plays from there.
 */
export function RecordingPlayer({ url, durationMs, peaks, tracks }: { url: string; durationMs: number; peaks: number[]; tracks?: { caller: string; agent: string } }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [position, setPosition] = useState(0);
  const drawn = useMemo(() => bars(peaks), [peaks]);
  const duration = durationMs / 1000;

  useEffect(() => {
    const onClick = (event: globalThis.MouseEvent) => {
      const target = (event.target as Element | null)?.closest?.("[data-seek-ms]");
      const element = audio.current;
      if (!target || !element) return;
      const ms = Number(target.getAttribute("data-seek-ms"));
      if (!Number.isFinite(ms)) return;
      element.currentTime = Math.min(Math.max(0, ms / 1000), duration);
      setPosition(element.currentTime);
      void element.play().catch(() => undefined);
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [duration]);

  const seekFromWaveform = (event: MouseEvent<HTMLDivElement>) => {
    const element = audio.current;
    if (!element) return;
    const box = event.currentTarget.getBoundingClientRect();
    element.currentTime = ((event.clientX - box.left) / box.width) * duration;
    setPosition(element.currentTime);
  };

  const played = duration > 0 ? position / duration : 0;
  return (
    <div data-testid="recording-player" className="space-y-2">
      <div
        role="slider"
        aria-label="Recording position"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(position)}
        tabIndex={0}
        onClick={seekFromWaveform}
        onKeyDown={(event) => {
          const element = audio.current;
          if (!element || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
          element.currentTime = Math.min(duration, Math.max(0, element.currentTime + (event.key === "ArrowLeft" ? -5 : 5)));
          setPosition(element.currentTime);
        }}
        className="relative h-16 cursor-pointer rounded-lg bg-stone-50 ring-1 ring-stone-200 focus:outline-none focus:ring-2 focus:ring-amber-300"
        data-testid="recording-waveform"
      >
        <svg viewBox={`0 0 ${drawn.length} 100`} preserveAspectRatio="none" className="absolute inset-0 h-full w-full" aria-hidden>
          {drawn.map((peak, i) => {
            const height = Math.max(2, peak * 96);
            return <rect key={i} x={i + 0.15} width={0.7} y={50 - height / 2} height={height} className={i / drawn.length < played ? "fill-amber-500" : "fill-stone-300"} />;
          })}
        </svg>
        <div className="pointer-events-none absolute inset-y-0 w-0.5 bg-amber-700" style={{ left: `${played * 100}%` }} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <audio
          ref={audio}
          controls
          preload="metadata"
          src={url}
          data-testid="recording-audio"
          onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
          onSeeked={(event) => setPosition(event.currentTarget.currentTime)}
          className="h-10 flex-1"
        />
        <span className="font-mono text-xs tabular-nums text-stone-500" data-testid="recording-position">
          {clock(position)} / {clock(duration)}
        </span>
      </div>
      <p className="text-xs text-stone-500">
        Click a turn in the transcript to play from it.
        {tracks && (
          <>
            {" "}Each side alone: <a className="underline" href={tracks.caller}>caller</a> · <a className="underline" href={tracks.agent}>agent</a>.
          </>
        )}
      </p>
    </div>
  );
}
