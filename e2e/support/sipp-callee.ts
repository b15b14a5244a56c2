import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pcmuOffer } from "./sipp";

/** The far end of an outbound call: a sipp UAS that answers (or refuses) one INVITE. */
export interface SippAnswer {
  /** 200 answers; 486 (busy), 603 (declined) … refuse the call. */
  status: 200 | 486 | 480 | 603;
  /** Ringing before the final answer, ms. */
  ringMs: number;
  /** Raw 8 kHz μ-law (sox -t ul) streamed back once answered, looped; keeps the line's RTP flowing. */
  wav?: string;
  /** How long the callee stays on the line once answered before it hangs up (BYE), ms. */
  holdMs: number;
}

/**
 * A UAS scenario: 180 Ringing, then the final answer. On 200 the SDP names
 * `rxPort` (this process meters the agent's RTP there) while sipp streams the
 * wav from its own media port, and after `holdMs` the callee hangs up.
 */
export function uasScenarioXml(answer: SippAnswer, rxPort: number): string {
  const refuse = answer.status !== 200;
  const finalResponse = refuse
    ? `<send><![CDATA[
SIP/2.0 ${answer.status} ${answer.status === 486 ? "Busy Here" : answer.status === 480 ? "Temporarily Unavailable" : "Decline"}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<recv request="ACK" optional="false"/>`
    : `<send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

${pcmuOffer(rxPort)}
]]></send>
<recv request="ACK"/>
${answer.wav ? `<nop><action><exec rtp_stream="${answer.wav},-1,0"/></action></nop>` : ""}
<pause milliseconds="${answer.holdMs}"/>
<send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: [$callee];tag=[pid]SIPpTag01[call_number]
To: [$caller]
Call-ID: [call_id]
CSeq: 1 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
<recv response="200" timeout="5000"/>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="voice agent callee">
${
  // sipp refuses a scenario that assigns a variable it never uses: the BYE's From/To only when it answers.
  refuse
    ? `<recv request="INVITE"/>`
    : `<recv request="INVITE" rrs="true">
  <action>
    <ereg regexp=".*" search_in="hdr" header="From:" assign_to="caller"/>
    <ereg regexp="&lt;[^&gt;]*&gt;" search_in="hdr" header="To:" assign_to="callee"/>
  </action>
</recv>`
}
<send><![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>
Content-Length: 0

]]></send>
<pause milliseconds="${answer.ringMs}"/>
${finalResponse}
</scenario>
`;
}

/**
 * Runs the callee on `listen` (host:port, the outbound trunk's address) until
 * one call is over; resolves with sipp's exit code and output.
 */
export function runSippUas(answer: SippAnswer, rxPort: number, listen: string, workDir: string): { done: Promise<{ code: number | null; output: string }>; stop: () => void } {
  const scenario = join(workDir, `sipp-uas-${Date.now()}.xml`);
  writeFileSync(scenario, uasScenarioXml(answer, rxPort));
  const [host, port = "5070"] = listen.split(":");
  const child = spawn("sipp", ["-sf", scenario, "-i", host!, "-p", port, "-m", "1", "-nostdin", "-timeout", "120s", "-trace_err"], {
    cwd: workDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  return { done, stop: () => void child.kill("SIGTERM") };
}
