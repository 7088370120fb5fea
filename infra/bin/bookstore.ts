#!/usr/bin/env node
import { ContextError, createBookstoreApp } from "../lib/bookstore-app";

try {
  createBookstoreApp().app.synth();
} catch (error) {
  if (!(error instanceof ContextError)) throw error;
  console.error(error.message);
  process.exit(1);
}
