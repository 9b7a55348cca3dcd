package rapport

// Record types for administrative events: account and team changes hold no client data, but who
// created an account, changed a role or issued a reset link belongs in the same tamper-evident
// log as every access to client data.
const (
	RecordUser RecordType = "user" // an account: created, role, teams, deactivated, password reset
	RecordTeam RecordType = "team" // a team: created, members added or removed
)
