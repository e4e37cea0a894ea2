// The few web-platform globals the runtime-free code uses, which every runtime it runs in has
// (browsers, service workers, Node 16+, Workers): declared here because tsconfig.core.json checks
// src/core and src/shared without the DOM and Node types, so nothing else of theirs creeps in.
declare function btoa(data: string): string;
declare function atob(data: string): string;
