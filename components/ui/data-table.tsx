import type { ReactNode } from "react";

export interface Column {
  label: ReactNode;
  /** Numbers read right-aligned. */
  align?: "right";
}

/** The message a dashboard list shows when it has no rows. */
export function EmptyTable({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="rounded-xl bg-white p-8 text-center text-sm text-stone-500 ring-1 ring-stone-200" data-testid={testId}>
      {children}
    </p>
  );
}

/** The dashboard's table: a scrolling card, a header row from `columns`, the rows as children. */
export function DataTable({ columns, testId, children }: { columns: Column[]; testId: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-stone-200">
      <table className="min-w-full text-sm" data-testid={testId}>
        <thead className="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
          <tr>
            {columns.map((column, i) => (
              <th key={i} className={column.align === "right" ? "px-4 py-2 text-right font-medium" : "px-4 py-2 font-medium"}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">{children}</tbody>
      </table>
    </div>
  );
}
