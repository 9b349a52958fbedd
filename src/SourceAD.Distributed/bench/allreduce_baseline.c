/* The baseline for SourceAD.Distributed's all-reduce figures: the same loop as the .NET side (the worker's "bench"
 * scenario), in C against the same libmpi, osu_allreduce-style: for each message size, a few warm-up calls, then
 * ITERS timed calls between barriers; prints the median and the fastest call and the algorithm bandwidth bytes/time
 * of each (on a loaded machine the fastest call is the closer estimate of what the link does).
 * Built and run by run-allreduce-bench.sh (never committed as a binary). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int iters = argc > 1 ? atoi(argv[1]) : 50;
    const long max_floats = 4L << 20; /* 16 MiB */
    float *buf = malloc(max_floats * sizeof(float));
    double *t = malloc(iters * sizeof(double));
    for (long i = 0; i < max_floats; i++) buf[i] = (float)(i % 7) * 1e-3f;
    if (rank == 0) printf("# C MPI_Allreduce (float, sum), %d ranks, %d calls per size\n# bytes\tmedian_us\tmin_us\talgbw_GBps(median)\talgbw_GBps(min)\n", size, iters);
    for (long n = 1024; n <= max_floats; n *= 4) {
        for (int w = 0; w < 5; w++) MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        for (int k = 0; k < iters; k++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
            t[k] = MPI_Wtime() - t0;
        }
        /* The slowest rank's time is the collective's time. */
        MPI_Allreduce(MPI_IN_PLACE, t, iters, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        qsort(t, iters, sizeof(double), cmp);
        double med = t[iters / 2];
        if (rank == 0) printf("%ld\t%.1f\t%.1f\t%.3f\t%.3f\n", n * 4, med * 1e6, t[0] * 1e6, n * 4 / med / 1e9, n * 4 / t[0] / 1e9);
    }
    free(buf);
    free(t);
    MPI_Finalize();
    return 0;
}
