/** The admin API's responses: the shared HTTP edge (server/http/responses.ts). */
export { describeZodError, errorResponse, fieldIssues, jsonError, jsonOk, type FieldIssue } from "../http/responses";
