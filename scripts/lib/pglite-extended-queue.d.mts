export declare function serialiseExtendedQueries(server: unknown): void;
