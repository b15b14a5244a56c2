/**
 * The business the agent speaks for. The dialogue-core work makes this an
 * admin-editable file; for now it is the embedded demo business.
 */
export interface BusinessProfile {
  readonly name: string;
  readonly greeting: string;
  /** Spoken form of the opening hours. */
  readonly hoursSpoken: string;
  readonly address: string;
}

export const demoBusinessProfile: BusinessProfile = {
  name: "Harbor Cafe",
  greeting: "Hello! Thanks for calling Harbor Cafe. How can I help you today?",
  hoursSpoken:
    "We are open Monday to Friday from eight in the morning to six in the evening, and on weekends from nine to four.",
  address: "twelve Harbor Street, Portsmouth",
};
