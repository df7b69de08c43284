import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { RouteNotFoundError } from "@bos/service-kit";

/**
 * Serves the built builder (apps/builder-web/dist) at `/`. GETs that match no route and accept HTML get
 * index.html (the builder routes on the client); everything else that matches nothing is a JSON 404. When
 * the builder has not been built, `/` says how to build it.
 */
export async function serveBuilder(app: FastifyInstance, distDir: string): Promise<void> {
  const built = existsSync(join(distDir, "index.html"));
  if (built) {
    await app.register(fastifyStatic, { root: distDir, prefix: "/", wildcard: true, index: ["index.html"] });
  } else {
    app.get("/", async (_request, reply) =>
      reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send(
          `The builder is not built: ${join(distDir, "index.html")} is missing.\n` +
            "Run `./bos start` (it builds everything), or `pnpm --filter @bos/builder-web build`, then reload.\n" +
            "Set BUILDER_DIST_DIR if the build lives elsewhere. The API itself is up: GET /workflows with a bearer token.\n",
        ),
    );
  }
  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    if (built && request.method === "GET" && wantsHtml(request)) return reply.type("text/html").sendFile("index.html");
    throw new RouteNotFoundError(request.method, request.url);
  });
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? "").includes("text/html");
}
