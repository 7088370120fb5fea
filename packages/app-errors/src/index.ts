export {
  AppError,
  ConflictError,
  InvalidReferenceError,
  InvalidValueError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from "./app-errors";
