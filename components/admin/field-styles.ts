/** Shared Tailwind classes of the settings forms, matching the login form's inputs. */
export const inputClass =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm text-stone-900 shadow-sm focus:border-amber-500 focus:outline-none focus:ring-2 focus:ring-amber-200";

export const codeAreaClass = `${inputClass} font-mono text-xs leading-relaxed`;

export const labelClass = "block text-xs font-medium text-stone-600";

export const primaryButtonClass =
  "rounded-lg bg-stone-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-stone-700 disabled:opacity-60";

export const dangerButtonClass =
  "rounded-lg px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-60";
