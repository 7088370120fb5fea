#!/usr/bin/env node
import { createBookstoreApp } from "../lib/bookstore-app";

createBookstoreApp().app.synth();
