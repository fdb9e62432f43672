// date-holidays-parser ships its types but its package.json "exports" hides them from "bundler"
// resolution; they declare the module ambiently, so referencing the file is enough.
/// <reference path="../../node_modules/date-holidays-parser/types/index.d.ts" />
