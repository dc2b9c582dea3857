// The settings form's fields, and the profile they make. Fields the form does not show
// (Alembic's command and variables) are kept from the profile being edited.
import type { Dialect, Environment, Profile, ProfileInput, TlsMode } from "../backend";

export type ProfileFields = {
  name: string;
  project: string;
  dialect: Dialect;
  host: string;
  port: string;
  database: string;
  user: string;
  /** Write-only: empty keeps the stored password. */
  password: string;
  removePassword: boolean;
  sqliteFile: string;
  tls: TlsMode;
  environment: Environment;
  colour: string;
  protected: boolean;
};

export const defaultPorts: Record<Dialect, number | null> = { sqlite: null, postgresql: 5432, mysql: 3306 };

export function fieldsFrom(profile: Profile | null): ProfileFields {
  return {
    name: profile?.name ?? "",
    project: profile?.project ?? "",
    dialect: profile?.dialect ?? "sqlite",
    host: profile?.host ?? "",
    port: profile?.port != null ? String(profile.port) : "",
    database: profile?.database ?? "",
    user: profile?.user ?? "",
    password: "",
    removePassword: false,
    sqliteFile: profile?.sqlite_file ?? "",
    tls: profile?.tls ?? "prefer",
    environment: profile?.environment ?? "dev",
    colour: profile?.colour ?? "",
    protected: profile?.protected ?? false,
  };
}

const orNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/** What is wrong with the fields, or null when they can be saved. */
export function problemWith(fields: ProfileFields): string | null {
  if (fields.name.trim() === "") return "A profile needs a name.";
  if (fields.project.trim() === "") return "Choose the project folder.";
  if (fields.dialect === "sqlite") {
    if (fields.sqliteFile.trim() === "") return "Choose the SQLite file.";
  } else {
    if (fields.host.trim() === "") return "Enter the host.";
    if (fields.database.trim() === "") return "Enter the database name.";
    const port = fields.port.trim();
    // The shell reads the port as a u16: 65536 and up would fail there, and port 0 never connects.
    if (port !== "" && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
      return "The port is a number from 1 to 65535.";
    }
  }
  return null;
}

export function inputFrom(fields: ProfileFields, original: Profile | null): ProfileInput {
  const sqlite = fields.dialect === "sqlite";
  const profile: Profile = {
    ...(original ?? {}),
    name: fields.name.trim(),
    project: fields.project.trim(),
    dialect: fields.dialect,
    host: sqlite ? null : orNull(fields.host),
    port: sqlite || fields.port.trim() === "" ? null : Number(fields.port),
    database: sqlite ? null : orNull(fields.database),
    user: sqlite ? null : orNull(fields.user),
    sqlite_file: sqlite ? orNull(fields.sqliteFile) : null,
    tls: fields.tls,
    environment: fields.environment,
    colour: orNull(fields.colour),
    protected: fields.protected,
    has_password: original?.has_password ?? false,
  };
  let password: string | null = null;
  if (!sqlite && fields.password !== "") password = fields.password;
  else if (fields.removePassword) password = "";
  return { profile, password, previous_name: original ? original.name : null };
}
