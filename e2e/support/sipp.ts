import { execFileSync, spawn } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A real SIP caller: Debian's sipp (package sip-tester) runs a UAC scenario
 * that dials the bridge with PCMU + telephone-event, streams a WAV as G.711
 * RTP, optionally sends RFC 4733 digits, accepts a REFER, then hangs up. The
 * agent's RTP comes back to a socket of this process (the SDP names it), where
 * it is decoded and metered.
 */
export interface SippCall {
  to: string;
  from: string;
  /**
   * Raw 8 kHz μ-law audio (sox -t ul, see `callerAudio`), streamed as PCMU from
   * the moment the call is answered. Like a real phone line it carries
   * silence around the speech, so the bridge's media timeout never fires.
   */
  wav?: string;
  /** Wait after the answer before the keypad digits and the REFER wait, ms. */
  pauseMs: number;
  /** How long to stay on the line after speaking, ms. */
  holdMs: number;
  /** Digits as sipp's RFC 2833 pcap (/usr/share/sip-tester/dtmf_2833_N.pcap). */
  dtmfPcaps?: string[];
  /**
   * What this peer answers to a REFER (the agent handing the call to a person):
   * the NOTIFY sipfrag status it reports, as a transferee's phone system would.
   * 200 = the transfer target answered; 486/603 = refused. Default 200.
   */
  referOutcome?: number;
}

export function scenarioXml(call: SippCall, rxPort: number): string {
  const stream = call.wav ? `<nop><action><exec rtp_stream="${call.wav},1,0"/></action></nop>` : "";
  const pause = call.pauseMs > 0 ? `<pause milliseconds="${call.pauseMs}"/>` : "";
  const dtmf = (call.dtmfPcaps ?? []).map((p) => `<nop><action><exec play_pcap_audio="${p}"/></action></nop><pause milliseconds="400"/>`).join("\n");
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="voice agent caller">
<send retrans="500"><![CDATA[
INVITE sip:${call.to}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${call.from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:${call.to}@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:${call.from}@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

${pcmuOffer(rxPort)}
]]></send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true">
  <action><ereg regexp=".*" search_in="hdr" header="To:" assign_to="peer"/></action>
</recv>
<send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${call.from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
${stream}
${pause}
${dtmf}
<recv request="REFER" timeout="${call.holdMs}" ontimeout="hangup" next="refer"/>
<label id="refer"/>
<send><![CDATA[
SIP/2.0 202 Accepted
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<pause milliseconds="300"/>
<send><![CDATA[
NOTIFY [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${call.from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To:[$peer]
[routes]
Call-ID: [call_id]
CSeq: 2 NOTIFY
Max-Forwards: 70
Event: refer
Subscription-State: terminated;reason=noresource
Contact: <sip:${call.from}@[local_ip]:[local_port]>
Content-Type: message/sipfrag;version=2.0
Content-Length: [len]

SIP/2.0 ${referStatus(call.referOutcome ?? 200)}
]]></send>
<recv response="200" timeout="5000"/>
<recv request="BYE" timeout="10000" ontimeout="hangup"/>
<send next="end"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<label id="hangup"/>
<send><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${call.from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: 3 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
<recv response="200" timeout="3000"/>
<label id="end"/>
</scenario>
`;
}

function referStatus(code: number): string {
  const reasons: Record<number, string> = { 200: "OK", 486: "Busy Here", 603: "Decline", 480: "Temporarily Unavailable" };
  return `${code} ${reasons[code] ?? "Status"}`;
}

/**
 * A caller the trunk should refuse: INVITE, then either a final error (ACKed,
 * the expected path) or a 200 (ACK + BYE at once, which the test reports as a
 * failure from the message trace).
 */
export function refusedCallerXml(to: string, from: string, rxPort: number): string {
  const invite = scenarioXml({ to, from, pauseMs: 0, holdMs: 0 }, rxPort).split("]]></send>")[0]!;
  return `${invite}]]></send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="401" optional="true" next="refused"/>
<recv response="403" optional="true" next="refused"/>
<recv response="404" optional="true" next="refused"/>
<recv response="407" optional="true" next="refused"/>
<recv response="486" optional="true" next="refused"/>
<recv response="488" optional="true" next="refused"/>
<recv response="503" optional="true" next="refused"/>
<recv response="603" optional="true" next="refused"/>
<recv response="200">
  <action><ereg regexp=".*" search_in="hdr" header="To:" assign_to="peer"/></action>
</recv>
<send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To:[$peer]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
<send next="end"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To:[$peer]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
<label id="refused"/>
<send><![CDATA[
ACK sip:${to}@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
From: <sip:${from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
[last_To:]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
<label id="end"/>
</scenario>
`;
}

export interface CallerAudio {
  /** Raw 8 kHz μ-law file for `SippCall.wav`. */
  file: string;
  /** When the speech ends, ms after the answer (lead silence + speech). */
  speechEndMs: number;
  /** The whole file, ms. */
  durationMs: number;
}

/**
 * A caller's side of the line: `leadMs` of silence (the greeting plays
 * meanwhile), the text spoken by a Debian flite voice with flite's own
 * leading and trailing silence trimmed (so the end of speech is known to a
 * packet), then `trailMs` of silence. Made with flite + sox at test time.
 */
export function callerAudio(text: string, options: { name: string; workDir: string; voice: string; leadMs: number; trailMs: number }): CallerAudio {
  const { name, workDir, voice, leadMs, trailMs } = options;
  const wide = join(workDir, `${name}-16k.wav`);
  const trimmed = join(workDir, `${name}-trim.wav`);
  const file = join(workDir, `${name}-8k.ul`);
  execFileSync("flite", ["-voice", voice, "-t", text, "-o", wide]);
  execFileSync("sox", [wide, trimmed, "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]);
  const speechMs = Math.round(Number(execFileSync("soxi", ["-D", trimmed], { encoding: "utf8" }).trim()) * 1000);
  execFileSync("sox", [trimmed, "-r", "8000", "-c", "1", "-t", "ul", file, "pad", String(leadMs / 1000), String(trailMs / 1000)]);
  return { file, speechEndMs: leadMs + speechMs, durationMs: leadMs + speechMs + trailMs };
}

/** G.711 μ-law byte → 16-bit linear sample. */
function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

export interface ReceivedAudio {
  /** Wall-clock ms of the first RTP packet: the bridge starts sending when it answers. */
  firstAt?: number;
  /** Wall-clock ms of each received 20 ms PCMU packet louder than the threshold. */
  loudAt: number[];
  packets: number;
  maxRms: number;
}

/** Binds the port the scenario's SDP names and meters the agent's PCMU packets as they arrive. */
export async function rtpReceiver(): Promise<{ port: number; audio: ReceivedAudio; close: () => void; socket: Socket }> {
  const socket = createSocket("udp4");
  const audio: ReceivedAudio = { loudAt: [], packets: 0, maxRms: 0 };
  socket.on("message", (msg) => {
    if (msg.length <= 12 || (msg[1]! & 0x7f) !== 0) return;
    audio.packets += 1;
    audio.firstAt ??= Date.now();
    const payload = msg.subarray(12 + (msg[0]! & 0x0f) * 4);
    let sum = 0;
    for (const b of payload) sum += ulawToLinear(b) ** 2;
    const level = Math.sqrt(sum / payload.length) / 32768;
    audio.maxRms = Math.max(audio.maxRms, level);
    if (level > 0.01) audio.loudAt.push(Date.now());
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: socket.address().port, audio, socket, close: () => socket.close() };
}

/** Runs one call with sipp; resolves with its exit code and output once it hangs up. */
export function runSipp(call: SippCall, rxPort: number, server: string, workDir: string): Promise<SippResult> {
  return runSippScenario(scenarioXml(call, rxPort), server, workDir);
}

export interface SippResult {
  code: number | null;
  output: string;
  /** Every SIP message sent and received, as sipp's -trace_msg writes them. */
  messages: string;
}

/** Runs one call of any scenario; `-trace_msg` keeps the SIP exchange for assertions. */
export function runSippScenario(xml: string, server: string, workDir: string, localIp = "127.0.0.1"): Promise<SippResult> {
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const scenario = join(workDir, `sipp-${id}.xml`);
  const messageFile = join(workDir, `sipp-${id}-messages.log`);
  writeFileSync(scenario, xml);
  const args = [server, "-sf", scenario, "-m", "1", "-i", localIp, "-p", "0", "-nostdin", "-timeout", "120s", "-trace_err"];
  args.push("-trace_msg", "-message_file", messageFile);
  return new Promise((resolve) => {
    const child = spawn("sipp", args, { cwd: workDir, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => {
      let messages = "";
      try {
        messages = readFileSync(messageFile, "utf8");
      } catch {
        // no message file: sipp failed before sending anything; `output` says why
      }
      resolve({ code, output, messages });
    });
  });
}

/** The SDP both sides of a sipp call offer: PCMU with RFC 4733 events, received on `rxPort`. */
export function pcmuOffer(rxPort: number): string {
  return [
    "v=0",
    "o=- 1 1 IN IP4 [local_ip]",
    "s=-",
    "c=IN IP4 [local_ip]",
    "t=0 0",
    `m=audio ${rxPort} RTP/AVP 0 101`,
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-16",
    "a=ptime:20",
    "a=sendrecv",
  ].join("\n");
}
